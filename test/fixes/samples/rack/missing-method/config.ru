require 'rack/cors'
require_relative 'api'

use Rack::Cors do
  allow do
    origins 'http://localhost:5173'
    resource '*', headers: :any, methods: %i[get post options]
  end
end

run ItemsApi.new
