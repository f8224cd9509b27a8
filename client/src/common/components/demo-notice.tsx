import { t } from "../i18n";

/** Demo outputs are illustrative text, never to be mistaken for (or exported as) real model outputs. */
export function DemoNotice() {
  return (
    <p className="warning" role="note">
      {t("Illustrative demo outputs written for longpref — not real model outputs.")}
    </p>
  );
}
