import vinr

try:
    vinr.Customer.create(email="jenny@example.com", idempotency_key="")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
