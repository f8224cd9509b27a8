import { t } from "../../common/i18n";
import type { User } from "../../../../shared/schemas/user";

const roleNames = (): Record<string, string> => ({ admin: t("admin"), researcher: t("researcher"), annotator: t("annotator") });

/** "all", or the ids of the users picked. */
export type AnnotatorsDraft = "all" | ReadonlySet<number>;

interface Props {
  id: string;
  value: AnnotatorsDraft;
  onChange: (value: AnnotatorsDraft) => void;
  /** undefined when this user may not list users: only admins may. */
  users: User[] | undefined;
}

/** Who judges: every signed-in user, or the users an admin picks. */
export function CampaignAnnotatorsField({ id, value, onChange, users }: Props) {
  const picked = value === "all" ? new Set<number>() : value;
  function toggle(userId: number, on: boolean) {
    const next = new Set(picked);
    if (on) next.add(userId);
    else next.delete(userId);
    onChange(next);
  }
  return (
    <fieldset className="form-fieldset">
      <legend>{t("Annotators")}</legend>
      <div className="campaign-annotator-choices">
        <label className="checkbox-field">
          <input type="radio" name={`${id}-annotators`} checked={value === "all"} onChange={() => onChange("all")} />
          <span>{t("All signed-in users")}</span>
        </label>
        {users ? (
          <label className="checkbox-field">
            <input type="radio" name={`${id}-annotators`} checked={value !== "all"} onChange={() => onChange(picked)} />
            <span>{t("Only these users")}</span>
          </label>
        ) : (
          <p className="hint">
            {t(
              "Only admins can list users, so a campaign you create is open to everyone signed in (annotators, researchers and admins); ask an admin for a campaign limited to chosen annotators.",
            )}
          </p>
        )}
      </div>
      {users && value !== "all" && (
        <div className="model-checks" role="group" aria-label={t("Annotators to include")}>
          {users.map((u) => (
            <label key={u.id} className="checkbox-field">
              <input type="checkbox" checked={picked.has(u.id)} onChange={(e) => toggle(u.id, e.target.checked)} />
              <span>{u.username}</span>
              <span className="badge">{roleNames()[u.role] ?? u.role}</span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
