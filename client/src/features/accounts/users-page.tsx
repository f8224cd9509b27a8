import { useState } from "react";
import { UsersResponseSchema } from "../../../../shared/schemas/user";
import { AddUserForm } from "./add-user-form";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { ResetPasswordNotice } from "./reset-password-notice";
import { UserActions, type UserActionResult } from "./user-actions";
import { formatDate } from "../../common/format";
import { usePagedList } from "../../common/hooks/use-paged-list";
import { Pagination } from "../../common/components/pagination";
import { Notice } from "../../common/components/notice";
import { roleName } from "../../common/format";
import { t } from "../../common/i18n";

export function UsersPage() {
  const { data, error, reload, pager } = usePagedList("/api/users", UsersResponseSchema);
  const [result, setResult] = useState<UserActionResult>({});
  const onDone = (next: UserActionResult) => {
    setResult(next);
    if (!next.error) reload();
  };
  return (
    <section>
      <PageTitle title={t("Users")} />
      <h1>{t("Users")}</h1>
      <p className="hint">
        {t(
          "Disabling keeps a person's judgments and work; they cannot sign in, and their sessions and API tokens stop working at once. Accounts are never deleted.",
        )}
      </p>
      <ErrorAlert error={error} />
      <ErrorAlert error={result.error} />
      <Notice message={result.message} />
      {result.password && <ResetPasswordNotice {...result.password} onDismiss={() => setResult({})} />}
      {data && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("Username")}</th>
                <th scope="col">{t("Role")}</th>
                <th scope="col">{t("State")}</th>
                <th scope="col">{t("Created")}</th>
                <th scope="col">{t("Actions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((user) => (
                <tr key={user.id}>
                  <td>{user.username}</td>
                  <td>
                    <span className="badge">{roleName(user.role)}</span>
                  </td>
                  <td>{user.disabled ? <span className="badge">{t("disabled")}</span> : t("active")}</td>
                  <td className="muted">{formatDate(user.created_at)}</td>
                  <td>
                    <UserActions user={user} onDone={onDone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.total > 0 && <Pagination {...pager} total={data.total} />}
      <AddUserForm onAdded={reload} />
    </section>
  );
}
