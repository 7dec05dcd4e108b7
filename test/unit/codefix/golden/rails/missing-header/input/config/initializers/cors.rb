Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    origins "http://localhost:5173"
    resource "*", headers: %w[Content-Type], methods: %i[get post put patch delete options head]
  end
end
