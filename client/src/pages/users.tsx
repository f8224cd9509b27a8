import { UsersResponseSchema } from "../../../shared/schemas/user";
import { AddUserForm } from "../components/add-user-form";
import { ErrorAlert } from "../components/error-alert";
import { PageTitle } from "../components/page-title";
import { formatDate } from "../format";
import { useApiData } from "../use-api-data";

export function UsersPage() {
  const { data, error, reload } = useApiData("/api/users", UsersResponseSchema);
  return (
    <section>
      <PageTitle title="Users" />
      <h1>Users</h1>
      <ErrorAlert error={error} />
      {data && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((user) => (
                <tr key={user.id}>
                  <td>{user.username}</td>
                  <td>
                    <span className="badge">{user.role}</span>
                  </td>
                  <td className="muted">{formatDate(user.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddUserForm onAdded={reload} />
    </section>
  );
}
