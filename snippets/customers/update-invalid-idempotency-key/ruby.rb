begin
  Vinr::Customer.update('cust_8aZ2', { email: 'jenny.rosen@example.com' }, idempotency_key: '')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
