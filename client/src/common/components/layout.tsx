import { useEffect } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { canManageInstructions, homePathFor, useUser, useAuth } from "../auth";
import { LanguageSwitch } from "./language-switch";

/** The frame of every signed-in page: top bar with navigation, then the page. */
export function Layout() {
  const user = useUser();
  const { logOut } = useAuth();
  const { pathname } = useLocation();

  // A new page starts at its top (the router does not restore scrolling by itself).
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  // Signing out re-renders RequireAuth, which sends the user to /login.
  const onLogOut = () => logOut().catch(() => undefined);

  const researcher = canManageInstructions(user.role);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to={homePathFor(user.role)} className="brand">
            longpref
          </Link>
          <nav aria-label="Main" className="mainnav">
            {researcher && <NavLink to="/sets">Sets</NavLink>}
            {researcher && <NavLink to="/instructions">Instructions</NavLink>}
            {researcher && <NavLink to="/models">Models</NavLink>}
            {researcher && <NavLink to="/sampling">Sampling</NavLink>}
            {researcher && <NavLink to="/judging">Judging</NavLink>}
            {researcher && <NavLink to="/pairs">Pairs</NavLink>}
            {researcher && <NavLink to="/campaigns">Campaigns</NavLink>}
            {researcher && <NavLink to="/analytics">Analytics</NavLink>}
            {researcher && <NavLink to="/exports">Exports</NavLink>}
            {researcher && <NavLink to="/reports">Reports</NavLink>}
            <NavLink to="/annotate">Annotate</NavLink>
          </nav>
          <div className="session">
            {/* Account pages, used now and then: beside the account, not in the work navigation. */}
            <nav aria-label="Account" className="accountnav">
              {user.role === "admin" && <NavLink to="/users">Users</NavLink>}
              {researcher && <NavLink to="/tokens">API tokens</NavLink>}
              {/* The signed-in name is the way to one's own account (password, sign out everywhere). */}
              <NavLink to="/account" className="session-user" aria-label={`Account (${user.username}, ${user.role})`}>
                <span>{user.username}</span> <span className="badge">{user.role}</span>
              </NavLink>
            </nav>
            <LanguageSwitch />
            <button type="button" className="button-quiet" onClick={onLogOut}>
              Log out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="content">
        <Outlet />
      </main>
    </>
  );
}
