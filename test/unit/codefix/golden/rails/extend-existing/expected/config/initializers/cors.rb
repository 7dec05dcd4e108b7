Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    origins "http://localhost:3000", "http://localhost:5173"
    resource "/api/*",
      headers: %w[Content-Type Authorization],
      methods: %i[get post put options delete],
      credentials: true,
      max_age: 600
  end
end
