begin
  Vinr::PaymentMethod.attach('cust_8aZ2', payment_method: 'pm_7sT5')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
