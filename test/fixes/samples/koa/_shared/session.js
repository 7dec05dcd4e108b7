// The login page sets a `sid` cookie; a real app would look it up in a session store.
function currentUser(cookieHeader = '') {
    const sid = cookieHeader
        .split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith('sid='))
        ?.slice('sid='.length);
    return sid === 'demo-session' ? { name: 'Ada' } : null;
}

async function requireSession(ctx, next) {
    const user = currentUser(ctx.get('Cookie'));
    if (!user) {
        ctx.status = 401;
        ctx.body = { error: 'sign in first' };
        return;
    }
    ctx.state.user = user;
    await next();
}

module.exports = { currentUser, requireSession };
