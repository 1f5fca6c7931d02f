Vinr.api_key = 'sk_test_wrong'

begin
  Vinr::PaymentMethod.list('cust_8aZ2')
rescue Vinr::AuthenticationError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
