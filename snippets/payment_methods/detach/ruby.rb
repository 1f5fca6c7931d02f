payment_method = Vinr::PaymentMethod.detach("pm_9bR3")
