Vinr.api_key = 'sk_test_wrong'

begin
  Vinr::Customer.update('cust_8aZ2', email: 'jenny.rosen@example.com')
rescue Vinr::AuthenticationError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
