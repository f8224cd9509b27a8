import { PageTitle } from "../components/page-title";

export function AnnotatorHomePage() {
  return (
    <section>
      <PageTitle title="Annotation" />
      <h1>Annotation</h1>
      <div className="empty-state">
        <p>Annotation campaigns will appear here.</p>
        <p className="muted">When a researcher assigns you to a campaign, you will find it on this page.</p>
      </div>
    </section>
  );
}
