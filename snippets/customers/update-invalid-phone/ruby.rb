begin
  Vinr::Customer.update('cust_8aZ2', phone: '415-555-2671')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
