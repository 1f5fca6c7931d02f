import vinr

try:
    vinr.Customer.retrieve("cust_8aZ2", include="subscriptions")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
