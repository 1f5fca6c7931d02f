Vinr::Customer.update('cust_8aZ2', { email: 'jenny.rosen@example.com' }, idempotency_key: 'key_7Qm2')

begin
  Vinr::Customer.update('cust_8aZ2', { email: 'jenny@example.org' }, idempotency_key: 'key_7Qm2')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
