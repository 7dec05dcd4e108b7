export type User = { name: string };

/** The login page sets a `sid` cookie; a real app would look it up in a session store. */
export function userForSession(sid: string | undefined): User | null {
  return sid === "demo-session" ? { name: "Ada" } : null;
}
