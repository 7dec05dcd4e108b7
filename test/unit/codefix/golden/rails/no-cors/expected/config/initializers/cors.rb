# CORS for the allowed origins only. Inserted first in the middleware stack, so it answers preflights before anything can refuse them.
Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    origins "http://localhost:5173"
    resource "*", methods: [:get, :head, :post, :put, :options], max_age: 600
  end
end
