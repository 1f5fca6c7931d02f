begin
  Vinr::Customer.update('cust_0000', email: 'jenny.rosen@example.com')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
