import { createContext, Fragment, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { UserResponseSchema } from "../../../shared/schemas/user";
import { api } from "./api";
import { useAuth } from "./auth";
import { applyLanguage, browserDefault, currentLanguage, type Language } from "./i18n";

interface LanguageState {
  language: Language;
  /** Switches the interface now; for a signed-in user the choice is also stored with their account. */
  setLanguage: (language: Language) => void;
}

const LanguageContext = createContext<LanguageState | null>(null);

/**
 * The interface language: the signed-in user's stored choice, else this browser's last choice, else the browser's
 * languages. Its children are keyed on the language, so a switch renders every page again in the new language
 * (texts are looked up at render time) while the router keeps the address.
 */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const { user, updated } = useAuth();
  const [language, setState] = useState<Language>(currentLanguage);

  const switchTo = useCallback((next: Language, remember: boolean) => {
    applyLanguage(next, { remember });
    setState(next);
  }, []);

  // On sign-in (and when /me answers after a reload) the account's choice wins over the browser's; it is not
  // remembered as this browser's, so after signing out the next person meets the browser's language again.
  const chosen = user?.language ?? null;
  const signedIn = Boolean(user);
  const wasSignedIn = useRef(false);
  useEffect(() => {
    if (chosen) switchTo(chosen, false);
    else if (!signedIn && wasSignedIn.current) switchTo(browserDefault(), false);
    wasSignedIn.current = signedIn;
  }, [chosen, signedIn, switchTo]);

  const setLanguage = useCallback(
    (next: Language) => {
      switchTo(next, true);
      if (!user) return;
      api("/api/auth/language", { method: "PUT", body: { language: next }, schema: UserResponseSchema }).then(
        (answer) => updated(answer.user),
        // The switch already happened here; the next sign-in elsewhere keeps the old choice.
        (error: unknown) => console.warn("the language choice was not saved", error),
      );
    },
    [user, updated, switchTo],
  );

  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return (
    <LanguageContext value={value}>
      <Fragment key={language}>{children}</Fragment>
    </LanguageContext>
  );
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error("useLanguage needs a LanguageProvider above it");
  return state;
}
