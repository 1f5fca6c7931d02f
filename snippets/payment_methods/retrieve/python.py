import vinr

payment_method = vinr.PaymentMethod.retrieve("pm_9bR3")
