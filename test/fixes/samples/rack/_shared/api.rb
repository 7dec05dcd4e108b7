# The items API every sample serves (see test/fixes/README.md), as a plain Rack app.
require 'json'

# The login page sets a `sid` cookie; a real app would look it up in a session store.
def current_user(env)
  Rack::Request.new(env).cookies['sid'] == 'demo-session' ? { 'name' => 'Ada' } : nil
end

class ItemsApi
  def initialize
    @items = [{ 'id' => 1, 'name' => 'Notebook' }, { 'id' => 2, 'name' => 'Pencil' }]
  end

  def call(env)
    req = Rack::Request.new(env)
    body = JSON.parse(req.body&.read.to_s) rescue {}
    body = {} unless body.is_a?(Hash)
    case [req.request_method, req.path_info]
    in ['GET', '/api/items'] then json(200, @items)
    in ['POST', '/api/items']
      item = { 'id' => @items.size + 1, 'name' => (body['name'] || 'untitled').to_s }
      @items << item
      json(201, item)
    in ['PUT' | 'DELETE' => method, %r{\A/api/items/(\d+)\z}]
      item = @items.find { |i| i['id'] == Regexp.last_match(1).to_i }
      return json(404, { 'error' => 'no such item' }) unless item
      if method == 'PUT'
        item['name'] = (body['name'] || item['name']).to_s
        json(200, item)
      else
        @items.delete(item)
        [204, {}, []]
      end
    in ['GET', '/api/me'] then json(200, { 'user' => current_user(env) })
    else json(404, { 'error' => 'not found' })
    end
  end

  private

  def json(status, value)
    [status, { 'Content-Type' => 'application/json' }, [JSON.generate(value)]]
  end
end

# Refuses API calls without a session.
class SessionCheck
  def initialize(app)
    @app = app
  end

  def call(env)
    return @app.call(env) unless env['PATH_INFO'].start_with?('/api/') && current_user(env).nil?

    [401, { 'Content-Type' => 'application/json' }, [JSON.generate({ 'error' => 'sign in first' })]]
  end
end
