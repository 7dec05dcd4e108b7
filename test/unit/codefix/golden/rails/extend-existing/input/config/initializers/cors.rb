Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    origins "http://localhost:3000"
    resource "/api/*",
      headers: %w[Content-Type],
      methods: %i[get post put options],
      credentials: true,
      max_age: 600
  end
end
