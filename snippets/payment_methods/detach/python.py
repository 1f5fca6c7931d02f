import vinr

payment_method = vinr.PaymentMethod.detach("pm_9bR3")
