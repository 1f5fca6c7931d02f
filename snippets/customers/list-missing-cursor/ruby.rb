begin
  Vinr::Customer.list(starting_after: 'cust_0000')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
