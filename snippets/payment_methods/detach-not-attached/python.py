import vinr

try:
    vinr.PaymentMethod.detach("pm_9bR3")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
