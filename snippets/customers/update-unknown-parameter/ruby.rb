begin
  Vinr::Customer.update('cust_8aZ2', nickname: 'Jen')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
