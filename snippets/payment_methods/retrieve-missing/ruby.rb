begin
  Vinr::PaymentMethod.retrieve('pm_0000')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
