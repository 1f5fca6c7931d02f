begin
  Vinr::Customer.update('cust_8aZ2', name: '')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
