import { strict as assert } from 'assert';
import { findRoutes, matchRoute, patternToRegExp, pathOf, isRouteSourceFile } from '../../../src/core/routes';

describe('route finding', () => {
  it('finds Express/Koa/Hono style declarations with their lines', () => {
    const text = [
      "const app = express();",
      "app.get('/api/users', list);",
      "",
      "router.post(\"/api/users/:id\", update);",
      "app.all(`/api/any`, h);",
      "api.route('/api/chain').get(a).put(b);",
    ].join('\n');
    const routes = findRoutes({ path: 'server.ts', text });
    assert.deepEqual(
      routes.map((r) => [r.method, r.pattern, r.line, r.column]),
      [
        ['GET', '/api/users', 1, 0],
        ['POST', '/api/users/:id', 3, 0],
        ['ANY', '/api/any', 4, 0],
        ['ANY', '/api/chain', 5, 0],
      ],
    );
  });

  it('finds plain Node http dispatch on "METHOD /path" and on the path alone', () => {
    const text = [
      'switch (`${req.method} ${url.pathname}`) {',
      "  case 'GET /api/hello':",
      "  case 'OPTIONS /api/todos':",
      "  case \"POST /api/todos\": {",
      '}',
      "if (url.pathname === '/health') {}",
      "if (req.url == '/legacy') {}",
      "switch (pathname) { case '/only-path': }",
    ].join('\n');
    const routes = findRoutes({ path: 'server.js', text });
    assert.deepEqual(
      routes.map((r) => [r.method, r.pattern, r.line]),
      [
        ['GET', '/api/hello', 1],
        ['OPTIONS', '/api/todos', 2],
        ['POST', '/api/todos', 3],
        ['ANY', '/health', 5],
        ['ANY', '/legacy', 6],
        ['ANY', '/only-path', 7],
      ],
    );
    // A failing preflight points at the OPTIONS handler, where the fix goes.
    assert.equal(matchRoute(routes, 'OPTIONS', 'http://h/api/todos', 'POST')?.line, 2);
    assert.equal(matchRoute(routes, 'POST', 'http://h/api/todos')?.line, 3);
  });

  it('finds Fastify full route declarations', () => {
    const text = "fastify.route({\n  method: 'PUT',\n  url: '/items/:id',\n  handler,\n});";
    const [r] = findRoutes({ path: 'app.js', text });
    assert.equal(r.method, 'PUT');
    assert.equal(r.pattern, '/items/:id');
    assert.equal(r.framework, 'fastify');
  });

  it('finds Flask, FastAPI and Django routes in Python', () => {
    const text = [
      "@app.route('/flask/<int:item_id>', methods=['DELETE'])",
      "def f(): pass",
      "@app.route('/flask/many', methods=['GET', 'POST'])",
      "@router.get('/fast/{item_id}')",
      "urlpatterns = [ path('django/items/<int:pk>/', views.item), re_path(r'^weird/(?P<x>[0-9]+)$', v) ]",
    ].join('\n');
    const routes = findRoutes({ path: 'app.py', text });
    assert.deepEqual(
      routes.map((r) => [r.method, r.pattern, r.line]),
      [
        ['DELETE', '/flask/<int:item_id>', 0],
        ['ANY', '/flask/many', 2],
        ['GET', '/fast/{item_id}', 3],
        ['ANY', '/django/items/<int:pk>/', 4],
      ],
    );
  });

  it('finds Go net/http, gin and chi routes', () => {
    const text = [
      'mux.HandleFunc("GET /api/items/{id}", getItem)',
      'http.HandleFunc("/static/", files)',
      'r.POST("/gin/:id", h)',
      'r.Get("/chi/{id}", h)',
    ].join('\n');
    const routes = findRoutes({ path: 'main.go', text });
    assert.deepEqual(
      routes.map((r) => [r.method, r.pattern, r.line]),
      [
        ['GET', '/api/items/{id}', 0],
        ['ANY', '/static/', 1],
        ['POST', '/gin/:id', 2],
        ['GET', '/chi/{id}', 3],
      ],
    );
  });

  it('ignores files it does not know and JS method calls that are not routes', () => {
    assert.deepEqual(findRoutes({ path: 'notes.md', text: "app.get('/x')" }), []);
    assert.deepEqual(findRoutes({ path: 'a.ts', text: "map.get('key'); cache.get(`k`);" }), []);
    assert.equal(isRouteSourceFile('x/y.py'), true);
    assert.equal(isRouteSourceFile('x/y.css'), false);
  });
});

describe('route patterns', () => {
  const cases: Array<[string, string, boolean]> = [
    ['/api/users/:id', '/api/users/42', true],
    ['/api/users/:id', '/api/users/42/posts', false],
    ['/api/users/:id', '/api/users/', false],
    ['/fast/{item_id}', '/fast/abc', true],
    ['/flask/<int:item_id>', '/flask/7', true],
    ['/django/items/<int:pk>/', '/django/items/7', true],
    ['/files/*', '/files/a/b/c', true],
    ['/files/{rest...}', '/files/a/b', true],
    ['/a.b', '/aXb', false],
    ['/v1/:name.json', '/v1/thing.json', true],
  ];
  for (const [pattern, path, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(patternToRegExp(pattern).test(path), expected);
    });
  }

  it('treats a Go pattern ending in / as a subtree', () => {
    assert.equal(patternToRegExp('/static/', 'go').test('/static/css/a.css'), true);
    assert.equal(patternToRegExp('/static/').test('/static/css/a.css'), false);
  });

  it('takes the path out of absolute URLs', () => {
    assert.equal(pathOf('http://localhost:4000/api/x?y=1#z'), '/api/x');
    assert.equal(pathOf('http://localhost:4000'), '/');
    assert.equal(pathOf('/rel?q'), '/rel');
  });
});

describe('route matching', () => {
  const routes = findRoutes({
    path: 'server.js',
    text: [
      "app.get('/api/users/:id', a);", // line 0
      "app.get('/api/users/me', b);", // line 1
      "app.all('/api/users/:id', c);", // line 2
      "router.put('/orders/:id', d);", // line 3 — router mounted somewhere under a prefix
      "app.get('/', home);", // line 4
    ].join('\n'),
  });

  it('prefers literal segments over parameters', () => {
    assert.equal(matchRoute(routes, 'GET', 'http://h/api/users/me')?.line, 1);
    assert.equal(matchRoute(routes, 'GET', 'http://h/api/users/7')?.line, 0);
  });

  it('prefers the exact method and falls back to catch-all declarations', () => {
    assert.equal(matchRoute(routes, 'DELETE', 'http://h/api/users/7')?.line, 2);
  });

  it('maps a preflight to the route of the method it asks about', () => {
    assert.equal(matchRoute(routes, 'OPTIONS', 'http://h/orders/9', 'PUT')?.line, 3);
  });

  it('finds routers mounted under an unknown prefix', () => {
    assert.equal(matchRoute(routes, 'PUT', 'http://h/api/v2/orders/9')?.line, 3);
  });

  it('returns nothing rather than guessing', () => {
    assert.equal(matchRoute(routes, 'POST', 'http://h/api/unknown'), undefined);
    assert.equal(matchRoute(routes, 'GET', 'http://h/nothing/here'), undefined);
  });
});
