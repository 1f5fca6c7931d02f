Vinr.api_key = 'sk_test_wrong'

begin
  Vinr::Customer.list(limit: 10)
rescue Vinr::AuthenticationError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
