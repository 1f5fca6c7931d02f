begin
  Vinr::PaymentMethod.list('cust_8aZ2', starting_after: 'pm_9bR3', ending_before: 'pm_9bR3')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
