begin
  Vinr::PaymentMethod.detach('pm_9bR3')
rescue Vinr::InvalidRequestError => e
  puts [e.http_status, e.code, e.param].join(' ')
end
