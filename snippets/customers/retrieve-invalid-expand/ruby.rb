begin
  Vinr::Customer.retrieve('cust_8aZ2', expand: ['subscriptions'])
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
