begin
  Vinr::Customer.delete('cust_8aZ2')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
