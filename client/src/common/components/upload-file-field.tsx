import type { ChangeEvent } from "react";
import { t } from "../i18n";

interface Props {
  id: string;
  accept: string;
  /** Why the chosen file was refused before sending (empty, over the upload limit), shown under the input. */
  refused: string | null;
  onFile: (event: ChangeEvent<HTMLInputElement>) => void;
}

/** The file input of an import form, with the reason a file was refused before anything was sent. */
export function UploadFileField({ id, accept, refused, onFile }: Props) {
  return (
    <div className="field">
      <label htmlFor={`${id}-file`}>{t("File")}</label>
      <input id={`${id}-file`} type="file" accept={accept} required aria-describedby={`${id}-file-problem`} onChange={onFile} />
      {refused && (
        <span id={`${id}-file-problem`} role="alert" className="field-error">
          {refused}
        </span>
      )}
    </div>
  );
}
