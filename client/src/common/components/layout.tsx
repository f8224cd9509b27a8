import { useEffect, useId, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { canManageInstructions, homePathFor, useUser, useAuth } from "../auth";
import { LanguageSwitch } from "./language-switch";
import { useFoldWhenCrowded } from "../hooks/use-fold-when-crowded";
import { t } from "../i18n";
import type { Role } from "../../../../shared/schemas/user";

const roleName = (role: Role) => (role === "admin" ? t("admin") : role === "researcher" ? t("researcher") : t("annotator"));

/**
 * The frame of every signed-in page: top bar with navigation, then the page. When the navigation does not fit
 * on one line, it and the account fold behind a Menu button (styles.css, .topbar[data-folded]).
 */
export function Layout() {
  const user = useUser();
  const { logOut } = useAuth();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const header = useRef<HTMLElement>(null);
  useFoldWhenCrowded(header);

  // A new page starts at its top (the router does not restore scrolling by itself), with the menu folded.
  useEffect(() => {
    window.scrollTo(0, 0);
    setMenuOpen(false);
  }, [pathname]);
  // An open menu folds on Esc and on a tap anywhere outside the bar.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      setMenuOpen(false);
    };
    const onPointer = (event: PointerEvent) => {
      if (!header.current?.contains(event.target as Node)) setMenuOpen(false);
    };
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [menuOpen]);
  // Signing out re-renders RequireAuth, which sends the user to /login.
  const onLogOut = () => logOut().catch(() => undefined);

  const researcher = canManageInstructions(user.role);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("Skip to content")}
      </a>
      <header className={`topbar${menuOpen ? " topbar-menu-open" : ""}`} ref={header}>
        <div className="topbar-inner">
          <Link to={homePathFor(user.role)} className="brand">
            longpref
          </Link>
          <button
            type="button"
            className="topbar-menu-button button-quiet"
            aria-expanded={menuOpen}
            aria-controls={menuId}
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span aria-hidden="true" className="topbar-menu-icon" />
            {t("Menu")}
          </button>
          <div className="topbar-menu" id={menuId}>
            <nav aria-label={t("Main")} className="mainnav">
              {researcher && <NavLink to="/sets">{t("Sets")}</NavLink>}
              {researcher && <NavLink to="/instructions">{t("Instructions")}</NavLink>}
              {researcher && <NavLink to="/models">{t("Models")}</NavLink>}
              {researcher && <NavLink to="/sampling">{t("Sampling")}</NavLink>}
              {researcher && <NavLink to="/judging">{t("Judging")}</NavLink>}
              {researcher && <NavLink to="/judges">{t("Judges")}</NavLink>}
              {researcher && <NavLink to="/pairs">{t("Pairs")}</NavLink>}
              {researcher && <NavLink to="/campaigns">{t("Campaigns")}</NavLink>}
              {researcher && <NavLink to="/analytics">{t("Analytics")}</NavLink>}
              {researcher && <NavLink to="/exports">{t("Exports")}</NavLink>}
              {researcher && <NavLink to="/reports">{t("Reports")}</NavLink>}
              <NavLink to="/annotate">{t("Annotate")}</NavLink>
            </nav>
            <div className="session">
              {/* Account pages, used now and then: beside the account, not in the work navigation. */}
              <nav aria-label={t("Account")} className="accountnav">
                {user.role === "admin" && <NavLink to="/users">{t("Users")}</NavLink>}
                {researcher && <NavLink to="/tokens">{t("API tokens")}</NavLink>}
                {/* The signed-in name is the way to one's own account (password, sign out everywhere). */}
                <NavLink
                  to="/account"
                  className="session-user"
                  aria-label={t("Account ({{username}}, {{role}})", { username: user.username, role: roleName(user.role) })}
                >
                  <span>{user.username}</span> <span className="badge">{roleName(user.role)}</span>
                </NavLink>
              </nav>
              <LanguageSwitch />
              <button type="button" className="button-quiet" onClick={onLogOut}>
                {t("Log out")}
              </button>
            </div>
          </div>
        </div>
      </header>
      <main id="main" className="content">
        <Outlet />
      </main>
    </>
  );
}
