import type { ReactNode } from "react";
import { AuthProvider } from "./auth";
import { LanguageProvider } from "./language";

/** What every page stands in: who is signed in, then the interface language (which reads the account's choice). */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <AuthProvider>
      <LanguageProvider>{children}</LanguageProvider>
    </AuthProvider>
  );
}
