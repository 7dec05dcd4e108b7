require_relative 'api'

run ItemsApi.new
