import vinr

try:
    vinr.Customer.modify("cust_8aZ2", email="jenny.rosen@example.com", idempotency_key="")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
