begin
  Vinr::Customer.list(starting_after: 'cust_8aZ2', ending_before: 'cust_8aZ2')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
