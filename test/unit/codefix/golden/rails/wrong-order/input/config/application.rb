require_relative "boot"

require "rails/all"

module ItemsApi
  class Application < Rails::Application
    config.load_defaults 7.1
    config.api_only = true

    config.middleware.insert_after ActionDispatch::Session::CookieStore, Rack::Cors do
      allow do
        origins "http://localhost:5173"
        resource "*", headers: :any, methods: [:get, :post, :put, :delete, :options], credentials: true
      end
    end
  end
end
