payment_method = Vinr::PaymentMethod.retrieve("pm_9bR3")
