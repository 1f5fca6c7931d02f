begin
  Vinr::PaymentMethod.list('cust_8aZ2', limit: 0)
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
