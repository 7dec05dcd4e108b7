<?php
// The items API every sample serves (see test/fixes/README.md). PHP keeps nothing between
// requests, so the items live in a temporary file of this server process: a restart
// starts again from the two items, as an in-memory store would.

function current_user(): ?array
{
    // The login page sets a `sid` cookie; a real app would look it up in a session store.
    return ($_COOKIE['sid'] ?? null) === 'demo-session' ? ['name' => 'Ada'] : null;
}

function send_json(int $status, $body): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($body);
}

function items_file(): string
{
    return sys_get_temp_dir() . '/cors-sample-items-' . getmypid() . '.json';
}

function load_items(): array
{
    $file = items_file();
    return is_file($file) ? json_decode(file_get_contents($file), true) : [['id' => 1, 'name' => 'Notebook'], ['id' => 2, 'name' => 'Pencil']];
}

function save_items(array $items): void
{
    file_put_contents(items_file(), json_encode(array_values($items)));
}

function handle_api(): void
{
    $method = $_SERVER['REQUEST_METHOD'];
    $path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    $items = load_items();
    $body = json_decode(file_get_contents('php://input') ?: 'null', true) ?? [];

    if ($path === '/api/items' && $method === 'GET') {
        send_json(200, $items);
    } elseif ($path === '/api/items' && $method === 'POST') {
        $item = ['id' => count($items) + 1, 'name' => (string) ($body['name'] ?? 'untitled')];
        $items[] = $item;
        save_items($items);
        send_json(201, $item);
    } elseif (preg_match('#^/api/items/(\d+)$#', $path, $m) && in_array($method, ['PUT', 'DELETE'], true)) {
        $index = array_search((int) $m[1], array_column($items, 'id'), true);
        if ($index === false) {
            send_json(404, ['error' => 'no such item']);
        } elseif ($method === 'PUT') {
            $items[$index]['name'] = (string) ($body['name'] ?? $items[$index]['name']);
            save_items($items);
            send_json(200, $items[$index]);
        } else {
            array_splice($items, $index, 1);
            save_items($items);
            http_response_code(204);
        }
    } elseif ($path === '/api/me' && $method === 'GET') {
        send_json(200, ['user' => current_user()]);
    } else {
        send_json(404, ['error' => 'not found']);
    }
}
