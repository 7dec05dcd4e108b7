require 'rack/cors'
require_relative 'api'

use Rack::Cors do
  allow do
    origins '*'
    resource '*', headers: :any, methods: [:get, :post, :put, :delete, :options]
  end
end

run ItemsApi.new
