// The login page sets a `sid` cookie; a real app would look it up in a session store.
export function currentUser(cookieHeader = '') {
  const sid = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('sid='))
    ?.slice('sid='.length);
  return sid === 'demo-session' ? { name: 'Ada' } : null;
}

/** onRequest hook: only signed-in users reach the API. */
export async function requireSession(request, reply) {
  const user = currentUser(request.headers.cookie);
  if (!user) return reply.code(401).send({ error: 'sign in first' });
  request.user = user;
}
