Vinr.api_key = 'sk_test_wrong'

begin
  Vinr::PaymentMethod.retrieve('pm_9bR3')
rescue Vinr::AuthenticationError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
