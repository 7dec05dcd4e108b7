import type { NextFunction, Request, Response } from "express";

export interface User {
  name: string;
}

/** The login page sets a `sid` cookie; a real app would look it up in a session store. */
export function currentUser(cookieHeader = ""): User | null {
  const sid = cookieHeader
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith("sid="))
    ?.slice("sid=".length);
  return sid === "demo-session" ? { name: "Ada" } : null;
}

export function requireSession(req: Request, res: Response, next: NextFunction): void {
  const user = currentUser(req.headers.cookie);
  if (!user) {
    res.status(401).json({ error: "sign in first" });
    return;
  }
  res.locals.user = user;
  next();
}
