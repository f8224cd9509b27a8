import { Link } from "react-router";
import { PageTitle } from "./page-title";

export function NotFoundPage() {
  return (
    <section>
      <PageTitle title="Page not found" />
      <h1>Page not found</h1>
      <p className="muted">
        There is nothing at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </section>
  );
}
