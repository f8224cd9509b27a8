import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { EndedSessionsResponseSchema, MeResponseSchema, type Role, type User } from "../../../shared/schemas/user";
import { api, OkSchema, setUnauthenticatedHandler } from "./api";

interface AuthState {
  /** undefined while the session is being checked, null when signed out. */
  user: User | null | undefined;
  /** True after "Log out": the next sign-in starts fresh instead of returning to the last page. */
  signedOutOnPurpose: boolean;
  signedIn: (user: User) => void;
  /** The signed-in user's account changed (e.g. their language): the new answer of the API. */
  updated: (user: User) => void;
  logOut: () => Promise<void>;
  /** Ends every session of the user, in every browser. */
  logOutEverywhere: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [signedOutOnPurpose, setSignedOutOnPurpose] = useState(false);

  useEffect(() => {
    setUnauthenticatedHandler(() => setUser(null));
    const controller = new AbortController();
    api("/api/auth/me", { schema: MeResponseSchema, signal: controller.signal }).then(
      (answer) => setUser(answer.user),
      () => {
        if (!controller.signal.aborted) setUser(null);
      },
    );
    return () => controller.abort();
  }, []);

  const logOut = useCallback(async () => {
    try {
      await api("/api/auth/logout", { method: "POST", schema: OkSchema });
    } finally {
      setSignedOutOnPurpose(true);
      setUser(null);
    }
  }, []);

  const logOutEverywhere = useCallback(async () => {
    try {
      await api("/api/auth/logout-everywhere", { method: "POST", schema: EndedSessionsResponseSchema });
    } finally {
      setSignedOutOnPurpose(true);
      setUser(null);
    }
  }, []);

  const signedIn = useCallback((next: User) => {
    setSignedOutOnPurpose(false);
    setUser(next);
  }, []);

  const updated = useCallback((next: User) => setUser(next), []);

  const value = useMemo(
    () => ({ user, signedOutOnPurpose, signedIn, updated, logOut, logOutEverywhere }),
    [user, signedOutOnPurpose, signedIn, updated, logOut, logOutEverywhere],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error("useAuth needs an AuthProvider above it");
  return state;
}

/** The signed-in user; only for components rendered inside RequireAuth. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error("useUser needs a signed-in user (render it inside RequireAuth)");
  return user;
}

export const canManageInstructions = (role: Role) => role === "admin" || role === "researcher";

/** Where a user lands after logging in: annotators have no instruction pages yet. */
export const homePathFor = (role: Role) => (canManageInstructions(role) ? "/sets" : "/");

/** Whether returning to `path` after login makes sense for `role` (it may have been another user's page). */
export function mayReturnTo(role: Role, path: string): boolean {
  if (path === "/" || path.startsWith("/login")) return false;
  // Annotators reach only annotation: back to the campaign they were judging, nowhere else.
  if (role === "annotator") return path.startsWith("/annotate") || path === "/account";
  return role === "admin" || !path.startsWith("/users");
}
