require "rack/cors"
require_relative "api"

use Rack::Cors do
  allow do
    origins "http://localhost:5173"
    resource "*",
      headers: ["Content-Type"],
      methods: [:get, :post, :put, :delete, :options]
  end
end

run ItemsApi.new
