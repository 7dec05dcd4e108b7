require 'rack/cors'
require_relative 'api'

use SessionCheck

use Rack::Cors do
  allow do
    origins 'http://localhost:5173'
    resource '*', headers: :any, methods: [:get, :post, :put, :delete, :options], credentials: true
  end
end

run ItemsApi.new
