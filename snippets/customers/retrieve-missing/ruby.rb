begin
  Vinr::Customer.retrieve('cust_0000')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
